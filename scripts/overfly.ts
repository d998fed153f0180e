/**
 * pnpm overfly <command> [...] — offline tools that run the same cores as the services.
 *
 *   crossings <trajectory file> [--firs file.geojson] [--format F] [--all]
 *       FIR crossings of a recorded trajectory as JSON lines (services/fir-analyser)
 *   charge [crossings.jsonl | -]
 *       EUROCONTROL en-route charges of crossings JSON lines (services/fee-calculator)
 *   backbill <recording...> [--dry-run]
 *       recorded flights priced at their recorded dates, published for invoice-writer to bill
 *   runs list|retry|consolidate
 *       billing processing runs and their failures; retry them now; consolidate as of a date
 *       (services/invoice-writer)
 *   invoices [--operator ICAO] [--lines]
 *       invoices and credit notes issued, newest first (services/invoice-writer)
 *   simulate <scenario> [--out file.jsonl] [--start ISO|now] [--seed N] [--duration 10m]
 *       a scenario's positions as Overfly JSONL (packages/scenarios, services/flight-producer)
 *   eu261 <itinerary.json | -> [--json] [--airports FILE]
 *       what Regulation (EC) No 261/2004 owes one passenger of one booking, and why (packages/eu261)
 *   network <scenario> [--json] [--seed N] [--start ISO]
 *       a network scenario's day: legs, bookings, passengers, ground truth (packages/scenarios)
 *   notifications list [--status S] [--channel C] [--limit N] | retry <id...> | --all-dead-lettered
 *       the notifier's deliveries and their states; send dead-lettered ones again
 *       (services/notifier)
 *   scenario start <scenario> [--speed N|max] [--seed N] [--start ISO|now] | stop | status
 *       start, switch or stop the scenario flight-producer (simulate) and ops-feed (mock) play
 *       while they run, through scenario.control (SCENARIO_CONTROL=on)
 *
 * Each command reads the variables of the service it comes from; its flags override them.
 */

import { main as eu261 } from '../packages/eu261/src/cli.js';
import { main as network } from '../packages/scenarios/src/network/cli.js';
import { main as charge } from '../services/fee-calculator/src/cli/charge.js';
import { main as crossings } from '../services/fir-analyser/src/cli/crossings.js';
import { main as simulate } from '../services/flight-producer/src/cli/simulate.js';
import { main as invoices } from '../services/invoice-writer/src/cli/invoices.js';
import { main as runs } from '../services/invoice-writer/src/cli/runs.js';
import { main as notifications } from '../services/notifier/src/cli/notifications.js';
import { main as backbill } from './backbill/main.js';
import { main as scenario } from './scenario/main.js';

const commands: Record<string, { main: (argv: string[]) => Promise<number>; summary: string }> = {
  crossings: {
    main: crossings,
    summary: 'FIR crossings of a recorded trajectory, as JSON lines',
  },
  charge: {
    main: charge,
    summary: 'en-route charges of crossings JSON lines (file or stdin), as JSON lines',
  },
  backbill: {
    main: backbill,
    summary: 'bill recorded flights at their recorded dates: their passages to charges.calculated',
  },
  runs: {
    main: runs,
    summary: 'billing processing runs and their open failures; retry them now',
  },
  invoices: {
    main: invoices,
    summary:
      'invoices and credit notes issued, with their due date and status (--lines: each line and its sources)',
  },
  simulate: {
    main: simulate,
    summary: "a scenario's positions (built-in name or JSON file), as Overfly JSONL",
  },
  eu261: {
    main: eu261,
    summary: 'EU261 compensation owed for one booking (itinerary JSON), with its reasoning',
  },
  network: {
    main: network,
    summary: "a network scenario's day: legs, bookings, passengers and its ground truth (--json)",
  },
  notifications: {
    main: notifications,
    summary:
      "the notifier's deliveries and their states (list); send dead-lettered ones again (retry)",
  },
  scenario: {
    main: scenario,
    summary:
      'start, switch or stop the scenario the running services play (start <name>, stop, status)',
  },
};

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error('usage: pnpm overfly <command> [...]\n');
  for (const [n, c] of Object.entries(commands)) console.error(`  ${n.padEnd(12)} ${c.summary}`);
  process.exit(name === undefined || name === '--help' ? 0 : 2);
}
process.exitCode = await command.main(args);
