/** The script-tag entry: loading it registers every tipchat element. */
import './elements/widget/widget';
