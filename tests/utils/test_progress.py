"""The one progress bar: silent (rich not even imported) at verbose=0, one look otherwise, nesting allowed."""
import subprocess
import sys

import pytest

from lucidml.utils import progress as progress_module
from lucidml.utils.progress import progress_bar, track


def test_silent_bar_imports_no_rich():
    code = ("from lucidml.utils.progress import progress_bar, track\n"
            "assert list(track(range(3), 'x', verbose=0)) == [0, 1, 2]\n"
            "with progress_bar(5, 'y', verbose=0) as bar:\n"
            "    bar.advance(postfix='loss 1')\n"
            "    bar.update(completed=3, description='z')\n"
            "import sys; print('rich' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("verbose", [0, False, None, -1])
def test_silent_prints_nothing(verbose, capsys):
    assert list(track([1, 2, 3], "quiet", verbose=verbose)) == [1, 2, 3]
    with progress_bar(2, "quiet", verbose=verbose) as bar:
        bar.advance()
    assert capsys.readouterr().out == ""


def test_one_look_description_count_and_postfix(capsys):
    # the columns every bar has: description, bar, done/total, elapsed, postfix
    with progress_bar(3, "training", postfix="starting") as bar:
        for epoch in range(3):
            bar.advance(postfix=f"loss {0.5 / (epoch + 1):.2f}  val loss 0.15")
    out = capsys.readouterr().out
    assert "training" in out and "3/3" in out and "loss 0.17  val loss 0.15" in out
    assert "starting" not in out                          # the postfix was replaced


def test_update_sets_position_and_resumes(capsys):
    with progress_bar(10, "epoch", completed=4) as bar:   # a resumed run starts at 4
        bar.update(completed=7, postfix="loss 0.1")
    assert "7/10" in capsys.readouterr().out


def test_track_counts_items_and_takes_a_total_for_generators(capsys):
    assert list(track([5, 6], "list")) == [5, 6]
    assert "2/2" in capsys.readouterr().out
    assert list(track((i for i in range(4)), "generator", total=4)) == [0, 1, 2, 3]
    assert "4/4" in capsys.readouterr().out


def test_nested_bars_share_one_display(capsys):
    # rich allows one live display at a time; an inner bar becomes a line of the outer one
    with progress_bar(2, "search") as outer:
        for _ in range(2):
            assert list(track(range(3), "fit")) == [0, 1, 2]
            assert progress_module._open_bars == 1             # the inner bar closed again
            assert [t.description for t in progress_module._display.tasks] == ["search"]
            outer.advance()
    assert progress_module._display is None and progress_module._open_bars == 0
    out = capsys.readouterr().out
    assert "search" in out and "2/2" in out
    assert "fit" not in out                                 # inner bars are removed when done


def test_an_error_inside_closes_the_bar():
    with pytest.raises(ValueError, match="boom"):
        with progress_bar(3, "failing"):
            raise ValueError("boom")
    assert progress_module._display is None and progress_module._open_bars == 0
