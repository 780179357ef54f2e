import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button } from '../../../../components/ui/Button.tsx';

interface State {
  error: unknown;
  attempt: number;
}

/**
 * Keeps a failure inside one board item (a chart module that did not load, a bug in a tile): the
 * item says so and offers a retry, the rest of the board stays as it is.
 */
export class ItemBoundary extends Component<
  { title: string; children: (attempt: number) => ReactNode },
  State
> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (this.state.error !== null) {
      const message =
        this.state.error instanceof Error ? this.state.error.message : String(this.state.error);
      return (
        <div role="alert" className="flex h-full flex-col items-start gap-2 text-sm">
          <p className="font-medium text-red-800 dark:text-red-200">
            {this.props.title} could not be shown
          </p>
          <p className="line-clamp-2 text-red-700 dark:text-red-300">{message}</p>
          <Button
            size="sm"
            onClick={() => this.setState(({ attempt }) => ({ error: null, attempt: attempt + 1 }))}
          >
            Try again
          </Button>
        </div>
      );
    }
    return this.props.children(this.state.attempt);
  }
}
