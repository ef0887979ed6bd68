// `npm run demo`: the whole pipeline on the real Tardis BTCUSDT quotes (replay-demo.ts);
// `npm run demo -- --follow`: on the endless synthetic feed until Ctrl-C (follow-demo.ts).
import { runFollowDemo } from './follow-demo.ts';
import { runReplayDemo } from './replay-demo.ts';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--follow');
if (unknown.length > 0) {
  console.error(`demo: unknown argument ${unknown.join(' ')} (usage: npm run demo [-- --follow])`);
  process.exitCode = 2;
} else {
  process.exitCode = args.includes('--follow') ? await runFollowDemo() : await runReplayDemo();
}
