export { TipchatWidget, type WidgetState } from './elements/widget/widget.component';
