/** The context every self-assessment handler gets: the engine's workflow context with this workflow's dialog data. */
import type { WorkflowContext } from '../../conversation/workflow.js';
import type { SaDialog } from './dialog.js';

export type SaCtx = WorkflowContext<SaDialog>;
