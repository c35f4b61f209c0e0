/** Every `thidua` sub-command, in the order `thidua help` lists them. Add yours with one import + one entry. */
import type { CliCommand } from '../command.js';
import { rubricCommand } from './rubric.js';
import { scoreCommand } from './score.js';
import { importCommand } from './import.js';
import { periodCommand } from './period.js';
import { leaderboardCommand } from './leaderboard.js';
import { yearCommand } from './year.js';
import { inviteCommand } from './invite.js';
import { honoursCommand } from './honours.js';
import { exportCommand } from './export.js';
import { orgCommand } from './org.js';
import { auditCommand } from './audit.js';
import { departmentCommand } from './department.js';
import { remindersCommand } from './reminders.js';
import { contestCommand } from './contest.js';
import { dbCommand } from './db.js';
import { initiativeCommand } from './initiative.js';
import { blockerCommand } from './blocker.js';
import { registrationCommand } from './registration.js';
import { nominationCommand } from './nomination.js';
import { councilCommand } from './council.js';
import { settingsCommand } from './settings.js';

export const COMMANDS: CliCommand[] = [rubricCommand, scoreCommand, importCommand, departmentCommand, periodCommand, leaderboardCommand, yearCommand, inviteCommand, honoursCommand, remindersCommand, settingsCommand, initiativeCommand, registrationCommand, blockerCommand, nominationCommand, councilCommand, exportCommand, auditCommand, orgCommand, contestCommand, dbCommand];
