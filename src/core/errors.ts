/**
 * The one error family of DataFlow. Every error names the flow that raised it and, where known,
 * the index of the datapoint (counted from 0 within the current pass of that flow).
 *
 *   MapData: map function threw at datapoint 17: Cannot read properties of undefined
 */
export class DataFlowError extends Error {
  override name = 'DataFlowError';
  readonly flow: string;
  readonly index: number | undefined;

  constructor(flow: string, message: string, options: { index?: number; cause?: unknown } = {}) {
    super(`${flow}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.flow = flow;
    this.index = options.index;
  }
}

/** Wraps an error thrown by user code (a map function, a predicate) without losing it. */
export function userCodeError(flow: string, what: string, index: number, cause: unknown): DataFlowError {
  if (cause instanceof DataFlowError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new DataFlowError(flow, `${what} threw at datapoint ${index}: ${reason}`, { index, cause });
}

/** Checks a constructor argument; throws a DataFlowError naming the flow and the argument. */
export function checkArg(flow: string, ok: boolean, message: string): asserts ok {
  if (!ok) throw new DataFlowError(flow, message);
}

export function checkPositiveInt(flow: string, name: string, value: number): void {
  checkArg(flow, Number.isInteger(value) && value > 0, `${name} must be a positive integer, got ${String(value)}`);
}
