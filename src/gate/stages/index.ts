// The gate's stages, in the order they run.
import type { Stage } from '../stage.ts';
import { canIDeployStage } from './can-i-deploy.ts';
import { canaryStage } from './canary.ts';
import { contractsStage } from './contracts.ts';
import { loadStage } from './load.ts';
import { replayStage } from './replay.ts';

export const STAGES: Stage[] = [contractsStage, replayStage, loadStage, canaryStage, canIDeployStage];
export const STAGE_NAMES = STAGES.map((s) => s.name);
