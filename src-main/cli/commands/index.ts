// Every capability's CLI commands; each capability adds its register function here.
import type { Command } from 'commander';
import { registerAnalysisCommands } from './analysis.js';
import { registerDemoCommands } from './demo.js';
import { registerDirectionCommands } from './direction.js';
import { registerEncoderCommands } from './encoder.js';
import { registerModelsCommands } from './models.js';
import { registerProjectionCommands } from './projection.js';
import { registerCatalogCommands } from './catalog.js';
import { registerSystemCommands } from './system.js';
import { registerTrainingCommands } from './training.js';

export const commandRegistrars: ReadonlyArray<(program: Command) => void> = [registerSystemCommands, registerAnalysisCommands, registerDirectionCommands, registerModelsCommands, registerCatalogCommands, registerTrainingCommands, registerProjectionCommands, registerEncoderCommands, registerDemoCommands];
