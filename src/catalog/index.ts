/** Public surface of the catalog room: the shipped list of suggested models and what it knows about files. */
export { loadCatalog, parseCatalog, repoForCatalogFolder } from './catalog.js';
export { type FileGroup, fileGroupOf, groupFiles } from './file-groups.js';
export { type FitHint, fitHint, type MachineMemory } from './fit-hint.js';
export {
  type GgufListing,
  type GgufQuant,
  listGgufQuants,
  quantNames,
  selectQuantFiles,
  smallCompanionFiles,
  splitQuantSuffix,
} from './gguf-quants.js';
