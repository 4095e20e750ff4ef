/**
 * The conspiracy-trope taxonomy as the detector uses it: one source of truth lives in src/core/tropes-info.ts (pure
 * data the UI and the reports also read); this module re-exports it for the scoring side.
 */
export { findTropeInfo, TROPE_IDS, TROPES, tropeInfo, type TropeId, type TropeInfo } from '../../core/tropes-info.ts';
