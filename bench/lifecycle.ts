/**
 * For the server children: stop cleanly on SIGTERM or SIGINT, and also when stdin closes,
 * which happens when the benchmark process goes away without stopping them.
 */
export function exitWithParent(stop: () => void): void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop();
  };
  process.on('SIGTERM', once);
  process.on('SIGINT', once);
  process.stdin.on('end', once);
  process.stdin.on('error', once);
  process.stdin.resume();
}
