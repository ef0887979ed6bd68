// tickflow_build_info: always 1, labelled with the kit's package.json version, the revision
// from TICKFLOW_REVISION (else `unknown`) and the Node.js version.
import { readFileSync } from 'node:fs';
import { parseSamples, seriesValue } from '@tickflow/testkit/metrics';
import { describe, expect, it } from 'vitest';
import { readBuildInfo } from '../src/metrics/build-info.ts';
import { createServiceMetrics } from '../src/metrics.ts';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('tickflow_build_info', () => {
  it('says which version, revision and Node.js run', async () => {
    const { registry } = createServiceMetrics('svc', readBuildInfo({ TICKFLOW_REVISION: '3f2c1ab' }));
    const text = await registry.metrics();
    expect(
      seriesValue(
        parseSamples(text),
        'tickflow_build_info',
        { version: packageVersion, revision: '3f2c1ab', node_version: process.version },
        { exact: true },
      ),
    ).toBe(1);
    expect(text).toContain('# TYPE tickflow_build_info gauge');
  });

  it('says `unknown` when no revision is given (unset or blank)', () => {
    expect(readBuildInfo({}).revision).toBe('unknown');
    expect(readBuildInfo({ TICKFLOW_REVISION: '  ' }).revision).toBe('unknown');
    expect(readBuildInfo({})).toEqual({
      version: packageVersion,
      revision: 'unknown',
      nodeVersion: process.version,
    });
  });
});
