export { topUpWorkflow } from './top-up';
export { lateTopUpCreditsWorkflow } from './late-top-up-credits';
