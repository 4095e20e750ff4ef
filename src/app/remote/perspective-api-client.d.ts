/**
 * Types for perspective-api-client 3.1.0, which ships none (the subset Threadscope uses).
 */
declare module 'perspective-api-client' {
  /** Options of `analyze`. Threadscope always passes `stripHTML: false` and `doNotStore: true`. */
  export interface AnalyzeOptions {
    attributes?: string[] | Record<string, object>;
    stripHTML?: boolean;
    truncate?: boolean;
    doNotStore?: boolean;
    validate?: boolean;
  }
  /** One span score: offsets into the sent text. */
  export interface SpanScore {
    begin: number;
    end: number;
    score: { value: number; type: string };
  }
  export interface AnalyzeResult {
    attributeScores?: Record<string, { summaryScore?: { value: number; type: string }; spanScores?: SpanScore[] }>;
    languages?: string[];
    detectedLanguages?: string[];
  }
  /** The request body when `analyze` is given an object instead of text. */
  export interface AnalyzeRequest {
    comment: { text: string };
    languages?: string[];
    spanAnnotations?: boolean;
    requestedAttributes?: Record<string, object>;
    doNotStore?: boolean;
  }
  /** A failed call; `response` is the axios response (status, headers, data) when the service answered. */
  export class ResponseError extends Error {
    response?: { status: number; headers?: Record<string, unknown>; data?: unknown };
  }
  class Perspective {
    constructor(options: { apiKey: string });
    analyze(text: string | AnalyzeRequest, options?: AnalyzeOptions): Promise<AnalyzeResult>;
    static PerspectiveAPIClientError: typeof Error;
    static TextEmptyError: typeof Error;
    static TextTooLongError: typeof Error;
    static ResponseError: typeof ResponseError;
  }
  export default Perspective;
}
