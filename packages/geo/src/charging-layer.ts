/**
 * The default charging layer over VATSpy boundaries: every feature whose id has no '-'
 * (the '-' ids are sub-sectors lying inside their parent FIR), minus the aggregates and
 * FIS-only areas below, with any remaining overlap resolved by smallest area wins.
 *
 * Each exclusion names its reason: the VATSpy.dat `[FIRs]` name that marks it as a
 * FIS-only or country/regional aggregate, and the FIRs it overlaps (found with
 * `pnpm exec tsx packages/geo/scripts/overlaps.ts`). The README's table is checked
 * against this list by a test.
 */
export interface ExcludedFir {
  id: string;
  reason: string;
}

export const DEFAULT_EXCLUDED_FIRS: readonly ExcludedFir[] = [
  // FIS-only and country/regional aggregates: unions of FIRs that are in the layer.
  // Smallest-area-wins already lets their parts win; leaving them out also stops them
  // claiming the slivers where their outline and their parts' outlines differ.
  { id: 'EDXX', reason: 'FIS only ("Langen Information - FIS only"); covers EDWW, EDGG, EDMM' },
  { id: 'ESAA', reason: 'country aggregate ("Sweden") of ESMM and ESOS' },
  { id: 'LTXX', reason: 'aggregate ("Ankara Control") of LTAA and LTBB' },
  { id: 'UKR', reason: 'country aggregate ("Ukraine") of UKBV, UKDV, UKFV, UKLV, UKOV' },
  { id: 'EGVV', reason: 'military aggregate ("Swanwick Military") over EGTT and EGPX' },
  { id: 'NAT', reason: 'oceanic aggregate ("Shanwick & Gander") of EGGX and CZQO' },
  { id: 'ADR', reason: 'VATSIM aggregate ("Adria Radar") of LDZO, LYBA, LQSB, LAAA, LWSS, LJLA' },
  { id: 'LSAS', reason: 'country aggregate ("Swiss Radar - Switzerland") of LSAZ and LSAG' },
  { id: 'ENOR', reason: 'aggregate ("Polaris") of ENBD, ENSV and ENOS' },
  { id: 'MMFR', reason: 'country aggregate ("Mexico") of MMEX, MMZT, MMID, MMTY' },
  { id: 'FASA', reason: 'country aggregate ("South Africa") of FAJA and FACA' },
  { id: 'XVCL', reason: 'VATSIM aggregate ("Mekong") of VVHM, VVHN, VLVT, VDPF' },
  // Sectors and TMAs published without a '-': they lie inside the FIR that is billed,
  // and smallest-area-wins would otherwise bill the sector.
  { id: 'LLPT', reason: 'sector ("Tel Aviv North") inside LLLL' },
  { id: 'LLSC', reason: 'sector ("Tel Aviv South") inside LLLL' },
  { id: 'EGTL', reason: 'terminal area ("London TMA (Up to FL195)") inside EGTT' },
  { id: 'EGTM', reason: 'terminal area ("Manchester TMA (Up to FL285)") inside EGTT' },
  { id: 'LECP', reason: 'lower sector ("Palma (FL245-)") inside LECB' },
  { id: 'LECL', reason: 'lower sector ("Valencia (FL245-)") inside LECB' },
];

export const DEFAULT_EXCLUDED_IDS: readonly string[] = DEFAULT_EXCLUDED_FIRS.map((f) => f.id);

/** Default `include`: top-level features only. */
export function isTopLevelFeature(feature: { id: string }): boolean {
  return !feature.id.includes('-');
}
