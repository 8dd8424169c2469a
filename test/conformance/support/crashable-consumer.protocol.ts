/** Marks the lines a crashable consumer writes for the test, among whatever else the process prints. */
export const CONFORMANCE_LINE = '@conformance ';
