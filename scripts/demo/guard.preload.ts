/**
 * Loaded into every service the demo starts (node --import): when the demo process is gone
 * (SIGKILLed, or its terminal closed) the service stops itself as if told SIGTERM, so a
 * demo that could not stop its services never leaves them running as orphans.
 */
const demo = Number(process.env.OVERFLY_DEMO_PID);
if (Number.isInteger(demo) && demo > 0) {
  const timer = setInterval(() => {
    try {
      process.kill(demo, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') return;
      clearInterval(timer);
      process.kill(process.pid, 'SIGTERM');
    }
  }, 1_000);
  timer.unref();
}
