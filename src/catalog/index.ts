/** Public surface of the catalog room: the shipped list of suggested models. */
export { DEFAULT_CATALOG_PATH, loadCatalog, parseCatalog, repoForCatalogFolder } from './catalog.js';
