// Prometheus' HTTP API (v1), the few calls the tests make: instant queries, targets, alerts,
// rules and target metadata. Every answer is checked for status "success".

export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

export interface Target {
  readonly labels: Record<string, string>;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

export interface Alert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly state: 'pending' | 'firing';
  readonly value: string;
}

export interface Rule {
  readonly type: 'alerting' | 'recording';
  readonly name: string;
  readonly query: string;
  readonly health: string;
  readonly lastError?: string;
}

export interface TargetMetadata {
  readonly target: Record<string, string>;
  readonly metric: string;
  readonly type: string;
}

export interface PrometheusApi {
  /** An instant query at the current time: its vector. */
  query(expr: string): Promise<Sample[]>;
  targets(): Promise<Target[]>;
  /** Pending and firing alerts (a resolved alert is no longer listed). */
  alerts(): Promise<Alert[]>;
  rules(): Promise<Rule[]>;
  /** The metric families each target declares (# TYPE), with or without samples. */
  targetMetadata(): Promise<TargetMetadata[]>;
}

export function prometheusApi(baseUrl: string): PrometheusApi {
  const get = async <T>(path: string, params: Record<string, string> = {}): Promise<T> => {
    const url = new URL(`/api/v1/${path}`, baseUrl);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const response = await fetch(url);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`GET ${url}: ${body.error ?? response.status}`);
    return body.data;
  };
  return {
    async query(expr) {
      const data = await get<{
        resultType: string;
        result: { metric: Record<string, string>; value: [number, string] }[];
      }>('query', { query: expr });
      if (data.resultType !== 'vector') throw new Error(`${expr}: a ${data.resultType}, not a vector`);
      return data.result.map(({ metric, value }) => ({ metric, value: Number(value[1]) }));
    },
    targets: async () =>
      (await get<{ activeTargets: Target[] }>('targets', { state: 'active' })).activeTargets,
    alerts: async () => (await get<{ alerts: Alert[] }>('alerts')).alerts,
    rules: async () =>
      (await get<{ groups: { rules: Rule[] }[] }>('rules')).groups.flatMap((group) => group.rules),
    targetMetadata: () => get<TargetMetadata[]>('targets/metadata', { match_target: '{job=~".+"}' }),
  };
}
