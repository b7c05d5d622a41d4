/** The dashboard script's entry: loading it registers `<tipchat-dashboard>` (served as /widget/v1/tipchat-dashboard.js). */
import './dashboard/dashboard';
