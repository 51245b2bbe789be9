/** ApplicationFailure types shared by workflows, activities and the API that maps them to HTTP. */
export const FailureType = {
  InvalidInput: 'InvalidInput',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];
