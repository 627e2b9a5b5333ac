

def test_what_lies_under_an_element_is_its_subtree() -> None:
    import random

    from segkit.classify.vector import _under

    rng = random.Random(6)
    for _ in range(200):
        parents = [-1]
        for k in range(1, rng.randint(1, 30)):
            parents.append(rng.randrange(-1, k))  # parents come before their children
        for top in range(-1, len(parents)):
            for k in range(len(parents)):
                path, node = [], k
                while node >= 0:
                    path.append(node)
                    node = parents[node]
                assert _under(parents, top)[k] == (top in path)
