/**
 * Names and messages from the network shown with their control and bidirectional-override characters made
 * visible (`\u202e`): the shared rule of src/format/printable.ts. React already escapes markup; this keeps a
 * hostile file name from displaying reversed or with invisible characters.
 */
export { printableLine } from '../../../src/format/printable.js';
