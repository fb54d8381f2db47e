// Command hearth-kube is a multi-call binary: invoked as kube-apiserver, kube-controller-manager,
// kube-scheduler, etcd, kubectl, kubelet or kube-proxy (by symlink name, or by its first argument), it
// runs that upstream command unchanged. kubelet and kube-proxy are for the container node
// (docs/container-node.md), which thereby runs the control plane's version by construction. One binary keeps the control-plane image small and lets every cluster on a host
// share the same pages of executable code.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	_ "time/tzdata" // CronJob time zones, as upstream's kube-apiserver and controller-manager do

	"go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/component-base/logs"
	kubectl "k8s.io/kubectl/pkg/cmd"
	kubectlutil "k8s.io/kubectl/pkg/cmd/util"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	kubeproxy "k8s.io/kubernetes/cmd/kube-proxy/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
	kubelet "k8s.io/kubernetes/cmd/kubelet/app"
)

var commands = map[string]func(args []string) int{
	"kube-apiserver":          func([]string) int { return cli.Run(apiserver.NewAPIServerCommand()) },
	"kube-controller-manager": func([]string) int { return cli.Run(controllermanager.NewControllerManagerCommand()) },
	"kube-scheduler":          func([]string) int { return cli.Run(scheduler.NewSchedulerCommand()) },
	"etcd":                    func(args []string) int { etcdmain.Main(args); return 0 },
	"kubectl":                 runKubectl,
	"kubelet":                 func([]string) int { return cli.Run(kubelet.NewKubeletCommand(context.Background())) },
	"kube-proxy":              func([]string) int { return cli.Run(kubeproxy.NewProxyCommand()) },
}

func runKubectl(args []string) int {
	logs.GlogSetter(kubectl.GetLogVerbosity(args)) // nolint:errcheck
	if err := cli.RunNoErrOutput(kubectl.NewDefaultKubectlCommand()); err != nil {
		kubectlutil.CheckErr(err)
	}
	return 0
}

func main() {
	name := filepath.Base(os.Args[0])
	if _, ok := commands[name]; !ok && len(os.Args) > 1 {
		// hearth-kube <command> [flags]: shift so the command sees its own argv.
		name = os.Args[1]
		os.Args = append([]string{name}, os.Args[2:]...)
	}
	run, ok := commands[name]
	if !ok {
		fmt.Fprintln(os.Stderr, "usage: hearth-kube kube-apiserver|kube-controller-manager|kube-scheduler|etcd|kubectl|kubelet|kube-proxy [flags]")
		os.Exit(2)
	}
	os.Exit(run(os.Args))
}
