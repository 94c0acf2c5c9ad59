/**
 * Cleanup that must run however the parent process ends: on normal exit, and on SIGINT/SIGTERM
 * (Node's default for those signals exits without running any JavaScript, which would leave
 * worker processes and ZeroMQ socket files behind). The signal handlers are installed only while
 * some cleanup is registered; after running the cleanups they remove themselves and, when no other
 * handler is listening, raise the signal again so the process ends as it would have.
 */
const actions = new Set<() => void>();

function runAll(): void {
  for (const action of [...actions]) {
    try {
      action();
    } catch {
      // best effort: the process is going away, one failed cleanup must not stop the others
    }
  }
  actions.clear();
  uninstall();
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', runAll);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

/** Registers a synchronous cleanup; call the returned function once the resource is released. */
export function atParentExit(action: () => void): () => void {
  actions.add(action);
  install();
  return () => {
    actions.delete(action);
    if (actions.size === 0) uninstall();
  };
}
