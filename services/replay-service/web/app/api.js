// The replay-service API from the page: every call carries the session's bearer token (and the
// operator's name as X-Tickflow-Actor on mutating calls); an answer that is not 2xx becomes an
// ApiError holding the problem details the server sent (status, title, detail, parameter,
// position), so a view can show exactly why the server refused.

let session = { token: '', actor: '' };

/** Sets the token (and optional actor name) every later call sends. */
export function setApiSession(next) {
  session = { token: next.token ?? '', actor: next.actor ?? '' };
}

export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.title = problem.title ?? '';
    this.detail = problem.detail ?? '';
    this.parameter = problem.parameter;
    this.position = problem.position;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }

  /** The server said no to this caller (no, wrong or too weak a token). */
  get refused() {
    return this.status === 401 || this.status === 403;
  }
}

/** The problem details of a failed response (or what can be made of a body that is not one). */
export async function problemOf(response) {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // the body could not be read: the status says enough
  }
  let problem = {};
  try {
    problem = JSON.parse(text);
  } catch {
    problem = { detail: text.slice(0, 300) };
  }
  if (problem === null || typeof problem !== 'object') problem = {};
  return new ApiError({ ...problem, status: response.status, title: problem.title ?? response.statusText });
}

/** `?a=1&b=2` of the parameters that have a value (empty strings, null and undefined left out). */
export function queryString(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text === undefined || text === null || text === '') continue;
    search.set(key, String(text));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** The headers of a call: the bearer token, and for a mutating call who says they act. */
export function authHeaders(method = 'GET') {
  const headers = { Authorization: `Bearer ${session.token}` };
  if (method !== 'GET' && session.actor) headers['X-Tickflow-Actor'] = session.actor;
  return headers;
}

/** A raw call: resolves to the Response when it is 2xx, else throws the ApiError. */
export async function request(method, path, { query, body, signal, accept = 'application/json' } = {}) {
  const headers = { ...authHeaders(method), Accept: accept };
  const init = { method, headers, signal, cache: 'no-store' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${path}${queryString(query)}`, init);
  if (!response.ok) throw await problemOf(response);
  return response;
}

export async function getJson(path, query, options = {}) {
  const response = await request('GET', path, { ...options, query });
  return response.json();
}

export async function postJson(path, body = {}, options = {}) {
  const response = await request('POST', path, { ...options, body });
  return response.json();
}

/** One line saying what went wrong, for people: status, title, detail and the parameter at fault. */
export function describeError(error) {
  if (!(error instanceof ApiError)) return error?.message ?? String(error);
  const where =
    error.parameter === undefined
      ? ''
      : ` [${error.parameter}${error.position === undefined ? '' : ` at ${error.position}`}]`;
  const more = error.errors
    .filter((e) => e.parameter !== error.parameter)
    .map((e) => `${e.parameter}: ${e.message}`)
    .join('; ');
  const detail = error.detail && error.detail !== error.title ? `: ${error.detail}` : '';
  return `${error.status} ${error.title}${detail}${where}${more ? ` (${more})` : ''}`;
}
