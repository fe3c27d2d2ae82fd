"""The tour's "Transformers and foundation models" section (SYLLABUS §13).

``lucidml/nn/tour.py``'s ``section()`` returns it beside the MLP, CNN and recurrent sections.
The tour trains at tour size (``quick=True``); ``lucidml experiment gpt-names`` /
``translation`` / ``pretrain-finetune`` give the numbers quoted in the issue.
"""
from __future__ import annotations

from lucidml import explain
from lucidml.report.section import Figure, Section, Table

__all__ = ["transformers_section"]


def transformers_section(*, quick: bool = True) -> Section:
    """``quick=True`` (the tour): tour-sized runs, seconds each; ``quick=False`` trains at the
    experiments' default sizes (about 25 CPU-minutes; the numbers quoted in the docstrings)."""
    from lucidml.experiments.foundation import gpt_names, pretrain_finetune
    from lucidml.experiments.translation import date_translation

    if quick:
        lm = gpt_names(max_epochs=1, n_names=4000)
        tr = date_translation(n_train=800, n_test=100, epochs=3)
        ft = pretrain_finetune(label_counts=(50, None), n_surnames=1000, n_unlabelled=3000, pretrain_epochs=1,
                               finetune_steps=40, multitask=False)
    else:
        lm, tr, ft = gpt_names(), date_translation(), pretrain_finetune()
    return Section(
        title="Transformers and foundation models",
        order=130,
        intro=["Attention lets every position read every other: softmax(Q Kᵀ/√d + M) V, a weighted average of "
               "the values with weights from query–key similarity; a mask M of −∞ hides positions (the future, "
               "padding) with weight exactly 0. A GPT is a stack of causal self-attention blocks (a decoder), "
               "BERT a stack of bidirectional ones (an encoder), and translation uses both, the decoder "
               "reading the encoder's output through cross-attention. lucidml.nn's layers equal PyTorch's "
               "(their state_dict loads unchanged; outputs and gradients agree to 1e-8 in float64).",
               "A foundation model is trained once on unlabelled data and then fine-tuned for a task: below, "
               "a BERT pretrained by masked language modelling on names is fine-tuned to predict sex from a "
               "first name with few labels, beside the same model trained from scratch."],
        solutions=[explain.attention(causal_position=1)],
        tables=[Table.from_text("A tiny GPT on surnames beside the n-gram ladder", lm.table()),
                Table.from_text("Translating dates with an encoder–decoder transformer", tr.table()),
                Table.from_text("Pretrain, then fine-tune: accuracy with few labels", ft.table())],
        figures=[
            Figure.from_matplotlib(lm.figure(), "A tiny GPT on surnames", "Validation nats per character beside "
                                   "the n-gram ladder (the RNNs' 90/10 split)."),
            Figure.from_matplotlib(tr.figure(), "Cross-attention while translating a date",
                                   "Each output character (row) reads the source characters (columns) it needs."),
            Figure.from_matplotlib(ft.figure(), "Pretraining, then fine-tuning with few labels",
                                   "Balanced accuracy on held-out first names against the number of labels."),
        ],
    )
