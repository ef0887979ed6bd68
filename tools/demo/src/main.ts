// `npm run demo`: the whole pipeline on the real Tardis BTCUSDT quotes (see pipeline.ts).
import { runPipelineDemo } from './pipeline.ts';

process.exitCode = await runPipelineDemo();
