// `kpi trend --format json`: the trend model as is.
import type { TrendRenderer } from './index.js';

export const renderTrendJson: TrendRenderer = (trend) => ({ text: `${JSON.stringify(trend, null, 2)}\n` });
