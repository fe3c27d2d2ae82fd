"""The tour's "Transformers and foundation models" section (SYLLABUS §13).

Not yet discovered by the report on its own: ``lucidml/nn/tour.py``'s ``section()`` must add
``transformers_section()`` to the list it returns (the report finds one ``tour.py`` per topic).
The experiments are trained at the sizes given here; larger budgets (``lucidml experiment
gpt-names`` / ``translation`` / ``pretrain-finetune``) give the numbers quoted in the issue.
"""
from __future__ import annotations

from lucidml import explain
from lucidml.report.section import Figure, Section

__all__ = ["transformers_section"]


def transformers_section(*, gpt_epochs: int = 3, translation_epochs: int = 8, finetune_steps: int = 150) -> Section:
    from lucidml.experiments.foundation import gpt_names, pretrain_finetune
    from lucidml.experiments.translation import date_translation

    lm = gpt_names(max_epochs=gpt_epochs)
    tr = date_translation(epochs=translation_epochs)
    ft = pretrain_finetune(n_surnames=10000, pretrain_epochs=2, finetune_steps=finetune_steps)
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
        notes=[lm.table(), tr.table(), ft.table()],
        figures=[
            Figure.from_matplotlib(lm.figure(), "A tiny GPT on surnames", "Validation nats per character beside "
                                   "the n-gram ladder (the RNNs' 90/10 split)."),
            Figure.from_matplotlib(tr.figure(), "Cross-attention while translating a date",
                                   "Each output character (row) reads the source characters (columns) it needs."),
            Figure.from_matplotlib(ft.figure(), "Pretraining, then fine-tuning with few labels",
                                   "Balanced accuracy on held-out first names against the number of labels."),
        ],
    )
