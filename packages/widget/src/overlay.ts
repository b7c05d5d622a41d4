/** The OBS overlay script's entry: loading it registers the overlay elements. */
import './elements/alerts/alerts';
import './elements/chat-overlay/chat-overlay';
import './elements/goal/goal';
import './elements/leaderboard/leaderboard';
