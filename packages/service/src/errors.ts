/** One environment variable that is missing or malformed. */
export interface ConfigIssue {
  readonly variable: string;
  readonly message: string;
}

/** The environment does not configure the service: every bad or missing variable, at once. */
export class ConfigError extends Error {
  readonly code = 'BAD_CONFIG';
  readonly issues: readonly ConfigIssue[];

  constructor(service: string, issues: readonly ConfigIssue[]) {
    super(
      `${service}: invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  ${issue.variable}: ${issue.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
