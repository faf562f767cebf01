/** How the UI names the GGUF quantizations a model holds on disk (InstalledModel.quants). */

/** `Q4_K_M`, `Q4_K_M and Q6_K`, `Q2_K, Q4_K_M and Q6_K`. */
export function quantListLabel(quants: readonly string[]): string {
  if (quants.length <= 1) return quants[0] ?? '';
  return `${quants.slice(0, -1).join(', ')} and ${quants.at(-1)}`;
}

/** `with its quantization Q4_K_M`, `with its quantizations Q4_K_M and Q6_K`; empty without any. */
export function withQuantsLabel(quants: readonly string[]): string {
  if (quants.length === 0) return '';
  return `with its quantization${quants.length === 1 ? '' : 's'} ${quantListLabel(quants)}`;
}
