// The gate's stages, in the order they run.
import type { Stage } from '../stage.ts';
import { canIDeployStage } from './can-i-deploy.ts';
import { canaryStage } from './canary.ts';
import { conformanceStage } from './conformance.ts';
import { contractsStage } from './contracts.ts';
import { loadStage } from './load.ts';
import { replayStage } from './replay.ts';

export const STAGES: Stage[] = [contractsStage, replayStage, loadStage, canaryStage, canIDeployStage];
export const STAGE_NAMES = STAGES.map((s) => s.name);

/**
 * Stages a gate runs only when named (`--stages …,conformance`): off by default because they spend far
 * more of the target's budget than the others. ALL_STAGES / ALL_STAGE_NAMES are what --stages may name.
 */
export const OPTIONAL_STAGES: Stage[] = [conformanceStage];
export const ALL_STAGES: Stage[] = [...STAGES, ...OPTIONAL_STAGES];
export const ALL_STAGE_NAMES = ALL_STAGES.map((s) => s.name);
