import type { Catalogs } from '../../i18n/translate';

/** Every string the overlay elements show or speak; the viewer widget has catalogs of its own. */
export type OverlayKey =
  | 'tipped'
  | 'manyTips'
  | 'goalOf'
  | 'reached'
  | 'left'
  | 'ended'
  | 'days'
  | 'top_day'
  | 'top_week'
  | 'top_month'
  | 'top_all'
  | 'noTips'
  | 'chat';

export const overlayStrings: Catalogs<OverlayKey> = {
  en: {
    tipped: '{name} tipped {amount}',
    manyTips: '{count} new tips',
    goalOf: '{progress} of {target}',
    reached: 'Goal reached!',
    left: '{time} left',
    ended: 'Ended',
    days: '{count}d',
    top_day: 'Top tippers today',
    top_week: 'Top tippers this week',
    top_month: 'Top tippers this month',
    top_all: 'Top tippers of all time',
    noTips: 'No tips yet',
    chat: 'Chat',
  },
  hi: {
    tipped: '{name} ने {amount} की टिप दी',
    manyTips: '{count} नई टिप',
    goalOf: '{target} में से {progress}',
    reached: 'लक्ष्य पूरा हुआ!',
    left: '{time} बाकी',
    ended: 'समय समाप्त',
    days: '{count} दिन',
    top_day: 'आज के टॉप टिपर',
    top_week: 'इस हफ़्ते के टॉप टिपर',
    top_month: 'इस महीने के टॉप टिपर',
    top_all: 'अब तक के टॉप टिपर',
    noTips: 'अभी तक कोई टिप नहीं',
    chat: 'चैट',
  },
};
