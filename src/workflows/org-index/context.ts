import type { WorkflowContext } from '../../conversation/workflow.js';
import type { OiDialog } from './dialog.js';

/** The organisation index's handler context. */
export type OiCtx = WorkflowContext<OiDialog>;
