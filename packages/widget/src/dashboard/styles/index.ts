import { adminStyles } from './admin';
import { baseStyles } from './base';
import { cardsStyles } from './cards';
import { chatStyles } from './chat';
import { designerStyles } from './designer';
import { earningsStyles } from './earnings';
import { embedStyles } from './embed';
import { feedbackStyles } from './feedback';
import { formsStyles } from './forms';
import { layoutStyles } from './layout';
import { listsStyles } from './lists';
import { profileStyles } from './profile';
import { settingsStyles } from './settings';
import { tipsStyles } from './tips';

/**
 * The whole dashboard's stylesheets, adopted by the shell's shadow root: every view and part
 * renders into light DOM inside it, so the shell is where each sheet applies, pages' own included.
 * Colours come from `--tipchat-*` custom properties (see base.ts). The order is the cascade's:
 * shared areas first, then the pages', whose rules build on them (a tipped chat message is both
 * `.tip` and `.chat-message`, and the chat's rules must win), so keep it when adding a sheet.
 */
export const dashboardStyles = [
  baseStyles,
  layoutStyles,
  cardsStyles,
  formsStyles,
  feedbackStyles,
  profileStyles,
  listsStyles,
  tipsStyles,
  chatStyles,
  settingsStyles,
  designerStyles,
  embedStyles,
  earningsStyles,
  adminStyles,
];
