/**
 * The packages a bench subject needs but nn-oracle does not install for everyone: optional peer
 * dependencies (package.json's peerDependenciesMeta). Without one, the subject is skipped with the
 * command that installs it, and the other subjects still run.
 */

/** A subject's optional peer packages are not installed. */
export class MissingPeerError extends Error {
  readonly packages: readonly string[];
  constructor(packages: readonly string[]) {
    super(`needs ${packages.join(' and ')} (optional peer ${packages.length > 1 ? 'dependencies' : 'dependency'} of nn-oracle, not installed): npm install ${packages.join(' ')}`);
    this.name = 'MissingPeerError';
    this.packages = packages;
  }
}

/** import(specifier), or a MissingPeerError naming `packages` when it is not installed. */
export async function importPeer<T>(specifier: string, packages: readonly string[] = [specifier]): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (e) {
    const code = (e as { code?: string })?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes(`'${specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')}`)) throw new MissingPeerError(packages);
    throw e;
  }
}
