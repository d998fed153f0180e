import { defaultTariff, loadTariff, type Tariff } from '@overfly/charges';

/** The tariff versions a reprice may price with, by version id. */
export interface TariffShelf {
  get(version: string): Tariff | undefined;
  /** Every version on the shelf, sorted. */
  versions(): string[];
}

/**
 * The shipped tariff (data/tariffs) and those of `dirs` (`BATCH_TARIFF_DIRS`), each a
 * tariff folder as fee-calculator's `TARIFF_DIR` takes. A bad table throws a ChargesError
 * naming its file and line; two folders of one version throw, since a job naming it would
 * not say which it meant.
 */
export function loadTariffShelf(
  dirs: readonly string[],
  load: (dir: string) => Tariff = loadTariff,
): TariffShelf {
  const shelf = new Map<string, { tariff: Tariff; from: string }>();
  const put = (tariff: Tariff, from: string) => {
    const held = shelf.get(tariff.version);
    if (held)
      throw new Error(
        `tariff version ${tariff.version} is in both ${held.from} and ${from}: give each version once`,
      );
    shelf.set(tariff.version, { tariff, from });
  };
  put(defaultTariff(), 'the shipped tariff (data/tariffs)');
  for (const dir of dirs) put(load(dir), dir);
  return {
    get: (version) => shelf.get(version)?.tariff,
    versions: () => [...shelf.keys()].sort(),
  };
}
