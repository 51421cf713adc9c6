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
    const err = new SubmissionThrewError(fn, e instanceof Error ? `${isNnOracleError(e) ? `${e.name}: ` : ''}${e.message}` : String(e));
    (err as { cause?: unknown }).cause = e;
    throw err;
  }
}
