export function App() {
  return (
    <div className="app">
      <header className="toolbar">Pretrain Lab</header>
    </div>
  );
}
