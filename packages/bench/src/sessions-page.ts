// The fixed response every overhead round fetches: one page of 30 Video SDK sessions, shaped like
// Zoom's `GET /videosdk/sessions` answer. Values are made up but deterministic, so every run
// parses the same bytes.

export const PAGE_SIZE = 30;

export function sessionsPage() {
  const sessions = Array.from({ length: PAGE_SIZE }, (_, i) => {
    const start = Date.UTC(2022, 8, 1, 8, i * 7);
    const duration = 10 + ((i * 13) % 50);
    return {
      id: `Vq2bbq${String(i).padStart(3, '0')}Qp+XhmF8K9bLg==`,
      session_name: `Bench session ${i + 1}`,
      start_time: new Date(start).toISOString().replace('.000', ''),
      end_time: new Date(start + duration * 60_000).toISOString().replace('.000', ''),
      duration: `${String(Math.floor(duration / 60)).padStart(2, '0')}:${String(duration % 60).padStart(2, '0')}:00`,
      user_count: 2 + (i % 9),
      has_voip: i % 2 === 0,
      has_video: true,
      has_screen_share: i % 3 === 0,
      has_recording: i % 4 === 0,
      has_pstn: false,
      session_key: `bench-key-${i}`,
      has_session_summary: false,
    };
  });
  return { from: '2022-09-01', to: '2022-09-02', page_size: PAGE_SIZE, next_page_token: '', sessions };
}
