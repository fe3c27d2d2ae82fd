"""Encoder–decoder translation of dates written out into ISO form (SYLLABUS §13).

``make_dates`` generates the task in code: a date between 1900 and 2099 written in one of
several human formats ("3 March 2021", "March 3, 2021", "3 Mar 2021", "03.03.2021",
"Mar 3 2021") is the source; "2021-03-03" is the target. The held-out dates are never
seen in training. ``date_translation()`` trains a
:class:`~lucidml.nn.models.seq2seq.Seq2SeqTransformer` with teacher forcing and reports
exact-match accuracy (the whole date right) and per-character accuracy, for greedy and
beam-search decoding, plus the cross-attention of one example (which source characters
each output character reads: the year's digits read the year, the month reads the month
name).

>>> X, Y = make_dates(3, random_state=0)
>>> len(X) == len(Y) == 3 and all(len(y) == 10 and y[4] == "-" for y in Y)
True
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np

from lucidml.utils.validation import check_int

__all__ = ["make_dates", "date_translation", "TranslationResult"]

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_FORMATS = ("{d} {Month} {Y}", "{Month} {d}, {Y}", "{d} {Mon} {Y}", "{dd}.{mm}.{Y}", "{Mon} {d} {Y}")


def make_dates(n: int, random_state=None, exclude=()):
    """``n`` (source, target) pairs of distinct random dates, none of them in ``exclude`` (ISO strings)."""
    n = check_int(n, name="n", owner="make_dates", minimum=1)
    rng = np.random.default_rng(random_state)
    start, span = _dt.date(1900, 1, 1).toordinal(), (_dt.date(2099, 12, 31) - _dt.date(1900, 1, 1)).days + 1
    excluded, sources, targets = set(exclude), [], []
    while len(targets) < n:
        day = _dt.date.fromordinal(start + int(rng.integers(span)))
        iso = day.isoformat()
        if iso in excluded:
            continue
        excluded.add(iso)
        fmt = _FORMATS[int(rng.integers(len(_FORMATS)))]
        sources.append(fmt.format(d=day.day, dd=f"{day.day:02d}", mm=f"{day.month:02d}", Y=day.year,
                                  Month=_MONTHS[day.month - 1], Mon=_MONTHS[day.month - 1][:3]))
        targets.append(iso)
    return sources, targets


@dataclass
class TranslationResult:
    exact_greedy: float
    exact_beam: float
    char_greedy: float
    char_beam: float
    n_train: int
    n_test: int
    epochs: int
    losses: list
    examples: list              # (source, target, greedy, beam)
    attention: np.ndarray       # (T_out, S) cross-attention of examples[0]
    attention_source: str
    attention_output: str

    def table(self) -> str:
        lines = [f"dates → ISO, {self.n_train} training / {self.n_test} held-out pairs, {self.epochs} epochs",
                 f"{'decoding':<10}{'exact match':>14}{'per character':>16}",
                 f"{'greedy':<10}{self.exact_greedy:>14.2%}{self.char_greedy:>16.2%}",
                 f"{'beam':<10}{self.exact_beam:>14.2%}{self.char_beam:>16.2%}"]
        lines += [f"  {s!r:<24} → {g}  (beam {b}, true {t})" for s, t, g, b in self.examples[:5]]
        return "\n".join(lines)

    def figure(self):
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.imshow(self.attention, cmap="viridis", aspect="auto")
        src = ["[BOS]"] + list(self.attention_source) + ["[EOS]"]
        out = list(self.attention_output) + ["[EOS]"]
        ax.set_xticks(range(len(src)), src, fontsize=7)
        ax.set_yticks(range(len(out)), out, fontsize=7)
        ax.set_xlabel("source character (key)")
        ax.set_ylabel("output character (query)")
        ax.set_title("Cross-attention of the last decoder layer")
        fig.tight_layout()
        return fig


def date_translation(n_train: int = 6000, n_test: int = 1000, epochs: int = 8, *, d_model: int = 64,
                     nhead: int = 4, layers: int = 2, batch_size: int = 64, lr: float = 2e-3, beam_size: int = 4,
                     random_state: int = 0, verbose: int = 0) -> TranslationResult:
    """Train the encoder–decoder on ``n_train`` dates, evaluate on ``n_test`` unseen ones.

    Measured with the defaults (8 epochs, ~13 min on 2 busy cores): 100% exact match and
    100% per character on the 1,000 held-out dates, greedy and beam (training loss 0.0006).
    """
    from lucidml.nn.models.char_tokenizer import CharTokenizer
    from lucidml.nn.models.seq2seq import Seq2SeqTransformer, seq2seq_loss
    from lucidml.nn.optim import AdamW, CosineAnnealingLR
    from lucidml.nn.training import Trainer

    X_train, Y_train = make_dates(n_train, random_state=random_state)
    X_test, Y_test = make_dates(n_test, random_state=random_state + 1, exclude=Y_train)
    src_tok = CharTokenizer.fit(X_train + X_test)
    tgt_tok = CharTokenizer.fit(Y_train + Y_test)
    src = src_tok.batch(X_train)
    tgt = tgt_tok.batch(Y_train)                                   # [BOS] y [EOS]
    model = Seq2SeqTransformer(src_tok.vocab_size, tgt_tok.vocab_size, d_model=d_model, nhead=nhead,
                               num_encoder_layers=layers, num_decoder_layers=layers, dim_feedforward=2 * d_model,
                               dropout=0.0, max_len=max(src.shape[1], tgt.shape[1]) + 2, random_state=random_state)
    opt = AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    trainer = Trainer(model, lambda logits, y: seq2seq_loss(logits, y), opt, batch_size=batch_size,
                      max_epochs=epochs, schedule=CosineAnnealingLR(opt, T_max=epochs), clip_grad_norm=1.0,
                      random_state=random_state, verbose=verbose)
    history = trainer.fit((src, tgt[:, :-1]), tgt[:, 1:])          # teacher forcing: input shifted right

    test_src = src_tok.batch(X_test)
    greedy, beam = [], []
    for i in range(0, n_test, 250):
        greedy += [tgt_tok.decode(r) for r in model.greedy_decode(test_src[i:i + 250], max_len=11)]
        beam += [tgt_tok.decode(r) for r in model.beam_search(test_src[i:i + 250], beam_size, max_len=11)]
    first_out = tgt_tok.batch([greedy[0]])
    attention = model.cross_attention(test_src[:1, :len(X_test[0]) + 2], first_out[:, :-1])[0]
    return TranslationResult(
        exact_greedy=float(np.mean([g == t for g, t in zip(greedy, Y_test)])),
        exact_beam=float(np.mean([b == t for b, t in zip(beam, Y_test)])),
        char_greedy=_char_accuracy(greedy, Y_test), char_beam=_char_accuracy(beam, Y_test),
        n_train=n_train, n_test=n_test, epochs=epochs, losses=history["loss"],
        examples=list(zip(X_test, Y_test, greedy, beam))[:10], attention=attention,
        attention_source=X_test[0], attention_output=greedy[0])


def _char_accuracy(pred, true) -> float:
    """Share of the target's characters that the prediction has at the same place."""
    hits = sum(sum(a == b for a, b in zip(p, t)) for p, t in zip(pred, true))
    return hits / sum(len(t) for t in true)
