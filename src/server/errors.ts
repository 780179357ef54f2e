import type { Problem } from '../contract/common.ts';

export interface FieldError {
  path: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

/** The one error handlers and repositories throw; `onError` turns it into a problem body. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  toBody(): Problem {
    const body: Problem = {
      type: 'about:blank',
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.detail,
    };
    if (this.errors && this.errors.length > 0) body.errors = this.errors;
    return body;
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new ApiProblem(400, detail, errors);
export const invalidField = (path: string, message: string) =>
  new ApiProblem(400, `${path} ${message}`, [{ path, message }]);
/** Unknown ids and ids of other accounts answer exactly alike. */
export const notFound = (what: string) => new ApiProblem(404, `${what} not found`);
export const conflict = (detail: string, errors?: FieldError[]) =>
  new ApiProblem(409, detail, errors);
