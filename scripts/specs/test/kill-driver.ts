// specs:update as the kill tests run it, in a scratch copy of the workspace: the real command's code
// (updateSpecs, with the workspace this file sits in as its root) with a stand-in for the
// regeneration step, whose path is the second argument. Usage: kill-driver.ts <from-dir> <stub.cjs>
import { updateSpecs } from '../update.ts';

const [from, stub] = process.argv.slice(2);
if (from === undefined || stub === undefined) throw new Error('Usage: kill-driver.ts <from-dir> <stub.cjs>');
updateSpecs({
  from,
  ids: ['videosdk'],
  generateCommand: (packages) => [process.execPath, [stub, ...packages]],
}).catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
