// A service's /metrics as a test reads it (the `@tickflow/testkit/metrics` entry): the page
// fetched and parsed, one series' value, some families of it, and promtool's lint. Free of
// vitest, so a failure here is a thrown error a test can also expect.
import { MetricsPageError, parseSamples, type Sample } from './metrics-exposition.ts';

export {
  familiesOf,
  MetricsPageError,
  matching,
  parseSamples,
  type Sample,
  type SeriesValueOptions,
  seriesValue,
} from './metrics-exposition.ts';
export {
  checkMetrics,
  findTool,
  PrometheusToolMissingError,
  type PrometheusToolName,
  type PromtoolResult,
} from './prometheus-tools.ts';

export interface MetricsPage {
  /** The exposition text as served. */
  readonly text: string;
  readonly samples: Sample[];
}

/**
 * GETs `${baseUrl}/metrics` and parses it.
 *
 * @param baseUrl - the service's HTTP root, e.g. `http://127.0.0.1:41234`.
 * @throws MetricsPageError on a status other than 200 (with the start of its body) or a page that does not parse.
 */
export async function scrape(baseUrl: string): Promise<MetricsPage> {
  const url = `${baseUrl.replace(/\/+$/, '')}/metrics`;
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200)
    throw new MetricsPageError(`GET ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return { text, samples: parseSamples(text) };
}
