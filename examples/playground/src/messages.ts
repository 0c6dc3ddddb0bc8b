// What the page and its training worker say to each other.

/** Page -> worker: train on this CSV. */
export interface TrainRequest {
  type: 'train';
  csv: string;
  /** The file's name, for messages. */
  source: string;
  target: string;
  hidden: number[];
  maxIter: number;
}

/** Worker -> page. */
export type WorkerMessage =
  | {
      type: 'start';
      task: 'classification' | 'regression';
      reason: string;
      nTrain: number;
      nTest: number;
      numeric: number;
      text: number;
      maxIter: number;
    }
  | { type: 'progress'; iteration: number; loss: number; validationScore: number | null }
  | {
      type: 'done';
      metric: 'accuracy' | 'r2';
      score: number;
      nIter: number;
      seconds: number;
      confusion: { labels: Array<number | string>; matrix: number[][] } | null;
      modelJson: string;
      onnx: Uint8Array | null;
      /** Why there is no ONNX file, or what its input is. */
      onnxNote: string;
      lossCurve: number[];
    }
  | { type: 'error'; message: string };
