/**
 * The one way to call a Subject. A function the subject lacks raises NotImplementedError (reported
 * 'missing', never 'fail'). `callSubject` also turns whatever an in-process subject throws into the
 * SubmissionThrewError a process subject raises, so that both are judged alike ("threw on a valid
 * input"), and keeps the original error as `cause` for checks that judge the error itself.
 */
import { NotImplementedError, SubmissionThrewError, isNnOracleError } from '../contract/errors.js';
import type { ContractFunctionName } from '../contract/names.js';
import type { ContractFunctions, Subject } from '../contract/types.js';

/** Calls a contract function of the subject, typed; what the subject throws arrives as SubmissionThrewError (original as `cause`). */
export async function call<K extends ContractFunctionName>(subject: Subject, fn: K, ...args: Parameters<ContractFunctions[K]>): Promise<ReturnType<ContractFunctions[K]>> {
  return (await callSubject(subject, fn, args)) as ReturnType<ContractFunctions[K]>;
}

/** Calls with untyped arguments (a check's case as given); errors of the subject become SubmissionThrewError. */
export async function callSubject(subject: Subject, fn: ContractFunctionName, args: readonly unknown[]): Promise<unknown> {
  const f = subject.fns[fn] as ((...a: unknown[]) => unknown) | undefined;
  if (!f) throw new NotImplementedError(fn);
  try {
    return await f(...args);
  } catch (e) {
    // a process subject already rejects with the runner's typed errors (threw, timeout, crash, load …)
    if (isNnOracleError(e) && (e.name.startsWith('Submission') || e instanceof NotImplementedError || e.code === 'NOT_IMPLEMENTED' || e.code === 'TIMEOUT')) throw e;
    if (e instanceof Error && /^not implemented: /.test(e.message)) throw new NotImplementedError(fn);
    throw threw(fn, e);
  }
}

/** The SubmissionThrewError for what `what` threw, the original kept as `cause`. */
function threw(what: string, e: unknown): SubmissionThrewError {
  const err = new SubmissionThrewError(what, e instanceof Error ? `${isNnOracleError(e) ? `${e.name}: ` : ''}${e.message}` : String(e));
  (err as { cause?: unknown }).cause = e;
  return err;
}

/**
 * Runs code under test that is not a subject's contract function (a law of the reference calls the
 * reference's own functions; a property may be handed an implementation to judge): what it throws
 * arrives as SubmissionThrewError naming `what` (original as `cause`), so that it is judged "threw
 * on a valid input" like a subject's throw, never "a bug in the check". A failing law's own
 * PropertyFailure and fast-check's precondition pass through unchanged.
 */
export async function underTest<T>(what: string, f: () => T | Promise<T>, passThrough: (e: unknown) => boolean = () => false): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (passThrough(e) || e instanceof SubmissionThrewError) throw e;
    throw threw(what, e);
  }
}

/** A function of code under test whose throws arrive as SubmissionThrewError naming it (see underTest). */
export function wrapUnderTest<A extends unknown[], R>(what: string, f: (...a: A) => R): (...a: A) => R {
  return (...a: A) => {
    try {
      return f(...a);
    } catch (e) {
      if (e instanceof SubmissionThrewError) throw e;
      throw threw(what, e);
    }
  };
}
