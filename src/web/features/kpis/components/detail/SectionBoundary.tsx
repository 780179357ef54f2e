import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorState } from '../../../../components/ui/States.tsx';

interface State {
  error: unknown;
}

/**
 * Keeps a failure inside one section of the page (a chart module that did not load, a bug in a
 * widget): the section shows what went wrong and a retry, the rest of the page stays usable.
 */
export class SectionBoundary extends Component<{ title: string; children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (this.state.error !== null) {
      return (
        <ErrorState
          title={this.props.title}
          error={this.state.error}
          onRetry={() => this.setState({ error: null })}
        />
      );
    }
    return this.props.children;
  }
}
