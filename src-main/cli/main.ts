// The `latentrad` command: one entry point for every capability, with --json for scripts and --data-dir.
import { Command, Help } from 'commander';
import { appVersion } from '../base/paths.js';
import { commandRegistrars } from './commands/index.js';
import { reportError } from './runtime.js';

export function buildProgram(): Command {
  const program = new Command('latentrad')
    .description('LatentRad: DICOM/NIfTI catalog and StyleGAN2 latent-space analysis for radiology')
    .version(appVersion())
    .option('--data-dir <dir>', 'data directory (default: $LATENTRAD_HOME or the platform app-data folder)')
    .option('--json', 'print machine-readable JSON')
    // After a usage error, one line saying where the options are rather than the whole help scrolling the error away.
    .showHelpAfterError("(add --help to the command to see its options; those marked 'required' must be given)")
    .configureOutput({ outputError: (text, write) => write(text) })
    .configureHelp({
      // Commander lists required options like the others; say which they are (inherited by every subcommand).
      optionDescription(option) {
        const text = Help.prototype.optionDescription.call(this, option);
        return option.mandatory ? `${text} (required)` : text;
      },
    });
  for (const register of commandRegistrars) register(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    reportError(error, argv.includes('--json'));
  }
}

await main(process.argv);
