/**
 * pnpm overfly <command> [...] — offline tools that run the same cores as the services.
 *
 *   crossings <trajectory file> [--firs file.geojson] [--format F] [--all]
 *       FIR crossings of a recorded trajectory as JSON lines (services/fir-analyser)
 *   charge [crossings.jsonl | -]
 *       EUROCONTROL en-route charges of crossings JSON lines (services/fee-calculator)
 *   runs list|retry
 *       billing processing runs and their failures; retry them now (services/invoice-writer)
 *   simulate <scenario> [--out file.jsonl] [--start ISO|now] [--seed N] [--duration 10m]
 *       a scenario's positions as Overfly JSONL (packages/scenarios, services/flight-producer)
 */
export {};

const commands: Record<string, { module: string; summary: string }> = {
  crossings: {
    module: '../services/fir-analyser/src/cli/crossings.js',
    summary: 'FIR crossings of a recorded trajectory, as JSON lines',
  },
  charge: {
    module: '../services/fee-calculator/src/cli/charge.js',
    summary: 'en-route charges of crossings JSON lines (file or stdin), as JSON lines',
  },
  runs: {
    module: '../services/invoice-writer/src/cli/runs.js',
    summary: 'billing processing runs and their open failures; retry them now',
  },
  simulate: {
    module: '../services/flight-producer/src/cli/simulate.js',
    summary: "a scenario's positions (built-in name or JSON file), as Overfly JSONL",
  },
};

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error('usage: pnpm overfly <command> [...]\n');
  for (const [n, c] of Object.entries(commands)) console.error(`  ${n.padEnd(12)} ${c.summary}`);
  process.exit(name === undefined || name === '--help' ? 0 : 2);
}
const { main } = (await import(command.module)) as { main: (argv: string[]) => Promise<number> };
process.exitCode = await main(args);
