import { InvalidArgumentError, type ErrorDetails } from '../contract/errors.js';

/**
 * A usage error: a bad option, value, path or argument. It is an InvalidArgumentError (so every
 * `instanceof InvalidArgumentError` handler takes it) whose message may end with what to do.
 * cli/main.ts prints it as one line, "nn-oracle <command>: <message>", and exits with status 2.
 */
export class UsageError extends InvalidArgumentError {
  /** What to do about it ("nn-oracle grade --help lists the options"), when there is more to say. */
  readonly hint?: string;
  constructor(details: ErrorDetails & { where: string; expected: string; got: string; hint?: string }) {
    const { hint, ...rest } = details;
    super(rest);
    if (hint) this.message = `${this.message}; ${hint}`;
    this.hint = hint;
  }
}
