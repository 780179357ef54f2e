import { useNavigate } from 'react-router';

/** Back to where the person came from, or to `fallback` when the page was opened directly. */
export function useGoBack(fallback: string): () => void {
  const navigate = useNavigate();
  return () => {
    // The data router keeps its position in the history stack in `history.state.idx`.
    const index = (window.history.state as { idx?: unknown } | null)?.idx;
    if (typeof index === 'number' && index > 0) void navigate(-1);
    else void navigate(fallback);
  };
}
